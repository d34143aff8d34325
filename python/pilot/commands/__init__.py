"""Subcommands of ``python3 -m pilot``.

Each subcommand is a module of this package that defines

* ``NAME``: the subcommand's name;
* ``HELP``: a one-line summary (the module docstring is the long description);
* ``add_arguments(parser)``: declare its options;
* ``run(args) -> int``: do the work; raise :class:`pilot.errors.ConfigError`
  for a bad option value (reported argparse style, exit 2).

To add a subcommand, write its module and list it in :data:`COMMANDS`.
"""

from pilot.commands import (dse, difftest, gen, io, model, reproduce, run, summary,
                            workloads)

#: The registered subcommands, in the order ``--help`` lists them.
COMMANDS = (gen, workloads, summary, io, run, model, reproduce, dse, difftest)
