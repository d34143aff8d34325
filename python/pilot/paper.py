"""The PILOT paper's headline results (Lu et al., IPDPS 2026, Figs. 9-14),
as ``python3 -m pilot reproduce`` compares its own figures with them.

The table is text so that it reads as the paper states it; :func:`results`
parses it. A metric names what ``reproduce`` computes under the same key
(docs/reproduction.md defines each).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

#: figure | metric | value | what the paper says
_TABLE = """
fig9a | pilot_over_gpu_mean   | 9.93   | prefill sparse attention: PILOT over GPU, mean
fig9a | pilot_over_gpu_max    | 19.96  | prefill sparse attention: PILOT over GPU, max (LED)
fig9a | pilot_over_pim_mean   | 4.20   | prefill sparse attention: PILOT over PIM, mean
fig9a | pilot_over_pim_max    | 6.52   | prefill sparse attention: PILOT over PIM, max (LED)
fig9a | pim_over_gpu_mean     | 2.36   | prefill sparse attention: PIM over GPU, mean
fig9b | pilot_over_gpu_mean   | 34.59  | decoding attention: PILOT over GPU, mean
fig9b | pilot_over_gpu_max    | 57.11  | decoding attention: PILOT over GPU, max
fig9b | pilot_over_pim_mean   | 8.94   | decoding attention: PILOT over PIM, mean
fig10 | prefill_io_percent    | 28.71  | internal I/O of PILOT over PIM, prefill, mean (%)
fig10 | decode_io_percent     | 11.90  | internal I/O of PILOT over PIM, decoding, mean (%)
fig11 | pilot_over_gpu_lin2048 | 6.88  | Lin = 2048: PILOT over GPU
fig11 | pilot_over_pim_lin2048 | 2.96  | Lin = 2048: PILOT over PIM
fig12 | pilot_over_gpu_lout2048 | 22.30 | Lout = 2048: PILOT over GPU
fig12 | pilot_over_pim_lout2048 | 5.71  | Lout = 2048: PILOT over PIM
fig13 | prefill_io_reduction_32kb | 91.77 | buffer 32 KB: internal I/O reduction over PIM, prefill, max
fig13 | decode_io_reduction_32kb  | 251.00 | buffer 32 KB: internal I/O reduction over PIM, decoding, max
fig14 | gpu_pilot_over_gpu_max    | 5.31 | end to end: GPU-PILOT over GPU, max (LED)
fig14 | gpu_pilot_over_attacc_max | 2.71 | end to end: GPU-PILOT over AttAcc, max (LED)
fig14 | duo_gpu_pilot_over_gpu_max    | 1.44 | end to end, DuoAttention models: over GPU, max (Mistral)
fig14 | duo_gpu_pilot_over_attacc_max | 1.27 | end to end, DuoAttention models: over AttAcc, max (Mistral)
"""


@dataclass(frozen=True)
class PaperResult:
    figure: str
    metric: str
    value: float
    description: str


def parse(table: str) -> List[PaperResult]:
    """Rows of ``figure | metric | value | description``; blank lines skipped.
    A row without four cells or with a value that is not a number is a
    ValueError naming the row."""
    rows = []
    for number, line in enumerate(table.splitlines(), 1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 4:
            raise ValueError(f"paper table row {number}: expected 4 cells, got "
                             f"{len(cells)}: {line!r}")
        figure, metric, value, description = cells
        try:
            number_value = float(value)
        except ValueError:
            raise ValueError(f"paper table row {number}: {value!r} is not a number") from None
        rows.append(PaperResult(figure, metric, number_value, description))
    return rows


def results() -> List[PaperResult]:
    """The paper's headline results."""
    return parse(_TABLE)
