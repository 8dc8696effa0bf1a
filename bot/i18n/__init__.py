"""Languages of the bot's answers and interface: choosing one, its message catalogue, dates and court names.

Nothing here imports discord, so the terminal, the renderer and the app-command translator share it.
"""

from bot.i18n.catalogue import Messages, MissingMessage, messages
from bot.i18n.courts import court_name
from bot.i18n.dates import format_date
from bot.i18n.language import Language, choose_language

__all__ = ["Language", "Messages", "MissingMessage", "choose_language", "court_name", "format_date", "messages"]
