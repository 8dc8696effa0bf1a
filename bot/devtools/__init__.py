"""Development tools (benchmark, evaluation, calibration, fact check): the bot never imports them at run time."""
