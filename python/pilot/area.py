"""The processing modules' silicon area, from the PILOT paper's per-unit
figures (PAPER.md, Area / power), scaled to other module sizes.

The paper gives one BPM (16 lanes, a 2 KB buffer) as 0.107 mm^2 and one BGPM
(16 adders) as 0.036 mm^2, 14.87 mm^2 per DRAM die in all. It does not split
the BPM between its arithmetic and its SRAM, so pilot assumes half each
(:data:`BPM_DATAPATH_SHARE`): the arithmetic half grows with the lanes, the
buffer half with the buffer's bytes, and a BGPM grows with its adders. The
clocks change no area. Every hardware key is the description's
(docs/hardware.md).
"""

from __future__ import annotations

from typing import Mapping

#: PILOT (IPDPS 2026), area and power: one BPM, one BGPM, mm^2.
BPM_MM2 = 0.107
BGPM_MM2 = 0.036
#: The configuration those figures are for: PILOT Table I.
REFERENCE_LANES = 16
REFERENCE_BUFFER_BYTES = 2048
REFERENCE_BGPM_ADDERS = 16
#: The BPM's share that is arithmetic (the rest is its buffer): pilot's
#: assumption, the paper gives no split.
BPM_DATAPATH_SHARE = 0.5


def bpm_mm2(hw: Mapping[str, int]) -> float:
    """One BPM of ``hw``'s lanes and buffer."""
    lanes = hw["bpm.lanes"] / REFERENCE_LANES
    buffer = hw["bpm.buffer_bytes"] / REFERENCE_BUFFER_BYTES
    return BPM_MM2 * (BPM_DATAPATH_SHARE * lanes + (1 - BPM_DATAPATH_SHARE) * buffer)


def bgpm_mm2(hw: Mapping[str, int]) -> float:
    """One BGPM of ``hw``'s adders."""
    return BGPM_MM2 * hw["bgpm.adders"] / REFERENCE_BGPM_ADDERS


def per_die_mm2(hw: Mapping[str, int]) -> float:
    """The modules of one DRAM die: a BPM per bank, a BGPM per bank group."""
    groups = hw["org.pchs"] * hw["org.bank_groups"]
    return groups * (hw["org.banks"] * bpm_mm2(hw) + bgpm_mm2(hw))


def total_mm2(hw: Mapping[str, int]) -> float:
    """The modules of every die of every stack."""
    return per_die_mm2(hw) * hw["org.dies"] * hw["org.stacks"]
