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


class FileError(ConfigError):
    """A mistake in an input file, tied to the file, the line (for line-based
    files) and the field that holds it: ``config.json: num_hidden_layers:
    ...`` or ``heads.tsv:3: field 2: ...``."""

    def __init__(self, path, field: str, message: str, line=None):
        where = f"{path}:{line}" if line is not None else str(path)
        ValueError.__init__(self, f"{where}: {field}: {message}")
        self.field = field
        self.message = message
        self.path = str(path)
        self.line = line
