"""A fake Discord on 127.0.0.1: REST routes and a gateway websocket that the real discord.py connects to.

It records what the bot sends, answers the way Discord does, and notes any route it does not know
(tests fail on those). Nothing here reaches the internet.
"""

import asyncio
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
OWNER_ID = 900000000000000003
GUILD_ID = 910000000000000001
OTHER_GUILD_ID = 910000000000000002
CHANNEL_ID = 920000000000000001
ANSWER_CHANNEL_ID = 920000000000000002
EVERYONE_PERMISSIONS = "1071698660929"  # view, send, read history, use commands: no Manage Server
ALL_PERMISSIONS = str((1 << 47) - 1)
MANAGE_GUILD = 1 << 5
TIMESTAMP = "2026-11-29T12:00:00.000000+00:00"
ACK_WINDOW = 3.0  # seconds Discord gives a bot to acknowledge an interaction (reply, defer or modal)


def user(uid: int, name: str = "member", bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


def channel(cid: int, name: str, guild_id: int = GUILD_ID) -> dict[str, Any]:
    return {
        "id": str(cid),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
    }


@dataclass
class Sent:
    """One message the bot produced: a channel message, an interaction callback or a follow-up."""

    kind: str
    body: dict[str, Any]
    interaction_id: str | None = None
    channel_id: str | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The message part: callbacks nest it under data."""
        return self.body.get("data") or {} if self.kind == "callback" else self.body

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & 64)


@dataclass
class FakeDiscord:
    port: int = 0
    sent: list[Sent] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    identify: dict[str, Any] | None = None
    synced: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[tuple[str, str, str]] = field(default_factory=list)
    reject_login: bool = False
    ack_window: float = ACK_WINDOW
    guild_locale: str = "en-US"  # the server's preferred locale, as GUILD_CREATE gives it
    late: list[str] = field(default_factory=list)
    forbidden_channels: set[str] = field(default_factory=set)  # channels where the bot may not send (403)

    def __post_init__(self) -> None:
        self._ids = itertools.count(930000000000000001)
        self._seq = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._waiters: dict[str, list[asyncio.Future[Sent]]] = defaultdict(list)
        self._ready = asyncio.Event()
        self._created: dict[str, float] = {}  # interaction id -> when it was dispatched
        self.messages: dict[str, dict[str, Any]] = {}
        self.app = web.Application()
        self.app.router.add_route("*", "/gateway", self._gateway)
        self.app.router.add_get("/attachments/{name}", self._attachment)
        self.files: dict[str, bytes] = {}
        self.app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self.runner: web.AppRunner | None = None

    # ---- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> str:
        return str(next(self._ids))

    # ---- REST ------------------------------------------------------------------------------------
    def attach(self, name: str, data: bytes) -> dict[str, Any]:
        """An uploaded file, as it appears in an interaction's resolved attachments."""
        self.files[name] = data
        return {
            "id": self.next_id(),
            "filename": name,
            "size": len(data),
            "content_type": "application/zip",
            "url": f"http://127.0.0.1:{self.port}/attachments/{name}",
            "proxy_url": f"http://127.0.0.1:{self.port}/attachments/{name}",
        }

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["name"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # Exactly application/json: with "; charset=utf-8" the library reads the body as text.
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    def _message(self, body: dict[str, Any], channel_id: str, *, webhook: bool = False) -> dict[str, Any]:
        message = {
            "id": self.next_id(),
            "channel_id": channel_id,
            "author": user(BOT_ID, "copyright-bot", bot=True),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "type": 0 if not webhook else 20,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "flags": body.get("flags", 0),
        }
        if webhook:
            message["webhook_id"] = str(APP_ID)
            message["application_id"] = str(APP_ID)
        self.messages[message["id"]] = message
        return message

    def _record(self, sent: Sent) -> None:
        self.sent.append(sent)
        for key in (sent.interaction_id, sent.channel_id, "*"):
            waiters = self._waiters.pop(key, []) if key else []
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(sent)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        self.requests.append((request.method, path))
        body = await request.json() if request.can_read_body and request.content_type == "application/json" else {}
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                elif part.filename:  # type: ignore[union-attr]
                    files[part.filename] = await part.read()  # type: ignore[union-attr]
        if files:
            body = body | {"_files": files}
        parts = path.strip("/").split("/")
        method = request.method
        if method == "GET" and path == "/users/@me" and self.reject_login:
            return self._json({"message": "401: Unauthorized", "code": 0}, status=401)
        if method == "GET" and path == "/users/@me":
            return self._json(
                user(BOT_ID, "copyright-bot", bot=True) | {"verified": True, "flags": 0, "mfa_enabled": False}
            )
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._json(
                {
                    "id": str(APP_ID),
                    "name": "copyright-bot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "0" * 64,
                    "owner": user(OWNER_ID, "owner"),
                    "flags": 0,
                    "team": None,
                }
            )
        if method == "GET" and path in ("/gateway", "/gateway/bot"):
            return self._json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
                }
            )
        if method == "PUT" and parts[:1] == ["applications"] and parts[-1] == "commands":
            self.synced.append({"path": path, "commands": body})
            return self._json(
                [
                    cmd
                    | {"id": self.next_id(), "application_id": str(APP_ID), "version": "1", "type": cmd.get("type", 1)}
                    for cmd in body
                ]
            )
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            interaction_id, token = parts[1], parts[2]
            refused = self._acknowledge(interaction_id)
            if refused is not None:
                return refused
            self._record(Sent("callback", body, interaction_id=interaction_id))
            kind = body.get("type")
            if kind == 8:  # autocomplete result
                return web.Response(status=204)
            data = body.get("data") or {}
            response: dict[str, Any] = {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(data.get("flags", 0) & 64),
                }
            }
            resource: dict[str, Any] = {"type": kind}
            if kind in (4, 5, 7):
                message = self._message(data, str(CHANNEL_ID), webhook=True)
                self.messages[f"original:{token}"] = message
                response["interaction"]["response_message_id"] = message["id"]
                resource["message"] = message
            response["resource"] = resource
            return self._json(response)
        if parts[0] == "webhooks" and len(parts) >= 3:
            token = parts[2]
            if method == "POST":
                message = self._message({k: v for k, v in body.items() if k != "_files"}, str(CHANNEL_ID), webhook=True)
                self.messages[f"followup:{token}"] = message
                self._record(Sent("followup", body, interaction_id=self._token_owner(token)))
                return self._json(message)
            if method in ("PATCH", "GET") and parts[-1] == "@original":
                original = self.messages.get(f"original:{token}") or self._message({}, str(CHANNEL_ID), webhook=True)
                if method == "PATCH":
                    original |= {k: v for k, v in body.items() if k in ("content", "embeds", "components")}
                    self._record(Sent("edit", body, interaction_id=self._token_owner(token)))
                return self._json(original)
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages" and method == "POST":
            if parts[1] in self.forbidden_channels:
                return self._json({"message": "Missing Permissions", "code": 50013}, status=403)
            message = self._message(body, parts[1])
            self._record(Sent("message", body, channel_id=parts[1]))
            return self._json(message)
        if parts[0] == "channels" and "reactions" in parts and method == "PUT":
            self.reactions.append((parts[1], parts[3], parts[5]))
            return web.Response(status=204)
        self.unknown.append(f"{method} {path}")
        return self._json({"message": "Unknown route in fake Discord", "code": 0}, status=404)

    def _acknowledge(self, interaction_id: str) -> web.Response | None:
        """As Discord: one acknowledgement per interaction, inside the window; after it the token is unknown."""
        created = self._created.pop(interaction_id, None)
        if created is None:
            self.late.append(f"{interaction_id}: acknowledged twice or never created")
            return self._json({"message": "Interaction has already been acknowledged.", "code": 40060}, status=400)
        elapsed = asyncio.get_running_loop().time() - created
        if elapsed > self.ack_window:
            self.late.append(f"{interaction_id}: acknowledged after {elapsed:.2f} s")
            return self._json({"message": "Unknown interaction", "code": 10062}, status=404)
        return None

    def _token_owner(self, token: str) -> str | None:
        return token.removeprefix("token-") if token.startswith("token-") else None

    # ---- gateway ---------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif op == 2:
                self.identify = payload["d"]
                await self._send_ready()
            elif op == 6:  # resume
                await self.dispatch("RESUMED", {})
        return ws

    async def _send_ready(self) -> None:
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": user(BOT_ID, "copyright-bot", bot=True),
                "guilds": [
                    {"id": str(GUILD_ID), "unavailable": True},
                    {"id": str(OTHER_GUILD_ID), "unavailable": True},
                ],
                "session_id": "fake-session",
                "resume_gateway_url": self.gateway_url,
                "private_channels": [],
                "relationships": [],
                "application": {"id": str(APP_ID), "flags": 0},
                "shard": [0, 1],
            },
        )
        for guild_id, channels in (
            (GUILD_ID, [channel(CHANNEL_ID, "general"), channel(ANSWER_CHANNEL_ID, "ask-here")]),
            (OTHER_GUILD_ID, [channel(OTHER_GUILD_ID + 5, "general", OTHER_GUILD_ID)]),
        ):
            await self.dispatch(
                "GUILD_CREATE",
                {
                    "id": str(guild_id),
                    "name": f"guild {guild_id}",
                    "icon": None,
                    "owner_id": str(OWNER_ID),
                    "roles": [
                        {
                            "id": str(guild_id),
                            "name": "@everyone",
                            "permissions": EVERYONE_PERMISSIONS,
                            "position": 0,
                            "color": 0,
                            "hoist": False,
                            "managed": False,
                            "mentionable": False,
                            "flags": 0,
                        }
                    ],
                    "channels": channels,
                    "members": [],
                    "member_count": 3,
                    "threads": [],
                    "emojis": [],
                    "stickers": [],
                    "features": [],
                    "unavailable": False,
                    "large": False,
                    "voice_states": [],
                    "presences": [],
                    "joined_at": TIMESTAMP,
                    "premium_tier": 0,
                    "mfa_level": 0,
                    "verification_level": 0,
                    "explicit_content_filter": 0,
                    "default_message_notifications": 0,
                    "system_channel_flags": 0,
                    "preferred_locale": self.guild_locale,
                    "nsfw_level": 0,
                },
            )
        self._ready.set()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        if event == "INTERACTION_CREATE":
            self._created[str(data["id"])] = asyncio.get_running_loop().time()
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    async def drop_connection(self) -> None:
        """Close the socket as Discord does before asking a client to resume."""
        if self._ws is not None:
            await self._ws.close(code=4000)

    # ---- waiting for the bot ---------------------------------------------------------------------
    def expect(self, key: str = "*") -> "asyncio.Future[Sent]":
        future: asyncio.Future[Sent] = asyncio.get_running_loop().create_future()
        self._waiters[key].append(future)
        return future
