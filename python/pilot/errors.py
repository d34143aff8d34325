"""Exceptions shared by the library and the command line."""


class ConfigError(ValueError):
    """An invalid setting, tied to the option that carries it.

    ``field`` is the keyword name used by the library (``kv_heads``); the
    command line reports it as the matching flag (``--kv-heads``).
    """

    def __init__(self, field: str, message: str):
        super().__init__(f"argument {option_name(field)}: {message}")
        self.field = field
        self.message = message

    @property
    def option(self) -> str:
        """The command-line flag that sets this field."""
        return option_name(self.field)


def option_name(field: str) -> str:
    """Map a keyword name to its flag: ``kv_heads`` -> ``--kv-heads``."""
    return "--" + field.replace("_", "-")
