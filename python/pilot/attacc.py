"""AttAcc's decoding attention on HBM-PIM, counted command by command
(docs/baselines.md, AttAcc).

AttAcc (Park et al., ASPLOS 2024) as its public simulator runs it
(scale-snu/attacc_simulator: ``pim_ramulator_src/trace_gen/
gen_trace_attacc_bank.py`` makes the commands, ``pim_ramulator_src/
HBM3-PIM.cpp`` times them; REFERENCES.md):

* one (request, head) at a time per HBM channel, the heads spread over the
  channels;
* within a channel the keys are split over its pseudo-channels, ranks and
  bank groups, and the head dimension over the banks of a group: an
  all-bank MAC command (MACAB) reads one column of every bank of the
  channel at once, K for the scores, then V for the output;
* MACABs are spaced ``nCCDAB`` apart (the power constraint: 6 tCK at
  5.2 Gb/s; without it, no closer than a bank's ``nCCDL``);
* a row is opened in every bank at once (ACTAB), read to its end and closed
  (PREA): ``nRCDRD`` before its first MACAB, ``nRTPL`` after its last,
  ``nRP`` before the next ACTAB;
* all-bank refresh every ``nREFI`` closes the open row, takes ``nRFC``
  and opens it again;
* the softmax runs on the buffer die while the next head's MACs go on, so
  it costs no time of its own.

Every time comes from the hardware description's timing (a preset or JSON
file, as ``pilot-sim --print-hw`` prints it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Sequence, Tuple

from pilot.errors import ConfigError

#: Channels per HBM3 stack: JESD238A's 16 (AttAcc's trace generator,
#: ``n_channel = 16``); each holds ``dies * pchs / 16`` pseudo-channel ranks.
CHANNELS_PER_STACK = 16

#: FP16 keys and values.
ELEMENT_BYTES = 2

#: The hardware key of the all-bank column spacing; 0 (or absent): none
#: beyond a bank's own ``nCCDL``.
NCCDAB_KEY = "timing.nCCDAB"


@dataclass(frozen=True)
class Channel:
    """One AttAcc channel of a hardware description, in command clocks."""

    key_groups: int       # pseudo-channel ranks x bank groups: the keys' split
    banks_per_group: int  # the head dimension's split
    row_bytes: int
    column_bytes: int
    tck_ps: int
    column_spacing: int   # MACAB to MACAB
    act_to_column: int    # nRCDRD
    column_to_pre: int    # nRTPL
    pre_to_act: int       # nRP
    act_to_pre: int       # nRAS
    act_to_act: int       # nRC
    refresh_interval: int  # nREFI
    refresh_cycles: int   # nRFC
    channels: int

    @classmethod
    def of(cls, hw: Mapping[str, int], nccdab: Optional[int] = None) -> "Channel":
        """The channel of ``hw`` (every key ``pilot-sim --print-hw`` prints);
        ``nccdab`` overrides the description's ``timing.nCCDAB``."""
        if nccdab is None:
            nccdab = hw.get(NCCDAB_KEY, 0)
        if nccdab < 0:
            raise ConfigError("nCCDAB", f"must be 0 (none) or a positive tCK count, got {nccdab}")
        ranks = hw["org.dies"] * hw["org.pchs"]
        if ranks % CHANNELS_PER_STACK:
            raise ConfigError("org.pchs", f"dies x pchs = {ranks} per stack does not split "
                              f"into AttAcc's {CHANNELS_PER_STACK} channels")
        return cls(
            key_groups=ranks // CHANNELS_PER_STACK * hw["org.bank_groups"],
            banks_per_group=hw["org.banks"],
            row_bytes=hw["org.row_bytes"], column_bytes=hw["org.column_bytes"],
            tck_ps=hw["timing.tCK_ps"],
            column_spacing=max(nccdab, hw["timing.nCCDL"]),
            act_to_column=hw["timing.nRCDRD"], column_to_pre=hw["timing.nRTPL"],
            pre_to_act=hw["timing.nRP"], act_to_pre=hw["timing.nRAS"],
            act_to_act=hw["timing.nRC"],
            refresh_interval=hw["timing.nREFI"], refresh_cycles=hw["timing.nRFC"],
            channels=hw["org.stacks"] * CHANNELS_PER_STACK)

    def row_cycles(self, columns: int) -> int:
        """ACTAB to the next ACTAB around ``columns`` MACABs of one row."""
        open_for = self.act_to_column + (columns - 1) * self.column_spacing + self.column_to_pre
        return max(max(open_for, self.act_to_pre) + self.pre_to_act, self.act_to_act)

    def operand_cycles(self, keys: int, head_dim: int) -> Tuple[int, int]:
        """(MACABs, cycles with activations) for one of K or V of a head."""
        columns_per_key = math.ceil(math.ceil(head_dim / self.banks_per_group) * ELEMENT_BYTES
                                    / self.column_bytes)
        columns = math.ceil(keys / self.key_groups) * columns_per_key
        per_row = self.row_bytes // self.column_bytes
        full_rows, rest = divmod(columns, per_row)
        cycles = full_rows * self.row_cycles(per_row) + (self.row_cycles(rest) if rest else 0)
        return columns, cycles


@dataclass(frozen=True)
class Heads:
    """``count`` (request, query head) pairs attending ``keys`` keys each."""

    count: int
    keys: int


@dataclass(frozen=True)
class Estimate:
    """A decoding step's attention on AttAcc, in seconds, and its parts."""

    seconds: float
    column_seconds: float      # the busiest channel's MACABs at their spacing
    activation_seconds: float  # its row openings and closings
    refresh_seconds: float     # refresh, and the row reopened after it
    macabs: int                # the busiest channel's MACABs


def decode_seconds(hw: Mapping[str, int], heads: Sequence[Heads], head_dim: int,
                   nccdab: Optional[int] = None) -> Estimate:
    """One decoding step of ``heads`` on AttAcc over ``hw``: the busiest
    channel's time, heads dealt to the channels in turn."""
    channel = Channel.of(hw, nccdab)
    loads = _channel_loads(channel.channels, heads)
    per_head = {h.keys: channel.operand_cycles(h.keys, head_dim) for h in heads}

    def busy(load: Dict[int, int]) -> Tuple[int, int]:
        macabs = sum(2 * count * per_head[keys][0] for keys, count in load.items())
        cycles = sum(2 * count * per_head[keys][1] for keys, count in load.items())
        return cycles, macabs

    cycles, macabs = max(busy(load) for load in loads)
    # A refresh closes the open row and reopens it after nRFC.
    lost = channel.column_to_pre + channel.pre_to_act + channel.refresh_cycles \
        + channel.act_to_column
    if lost >= channel.refresh_interval:
        raise ConfigError("timing.nREFI", f"{channel.refresh_interval} tCK leaves no time "
                          f"between refreshes that take {lost} (nRFC and a row reopened)")
    total = cycles / (1 - lost / channel.refresh_interval)
    tck = channel.tck_ps * 1e-12
    column = macabs * channel.column_spacing
    return Estimate(seconds=total * tck, column_seconds=column * tck,
                    activation_seconds=(cycles - column) * tck,
                    refresh_seconds=(total - cycles) * tck, macabs=macabs)


def _channel_loads(channels: int, heads: Sequence[Heads]) -> Sequence[Dict[int, int]]:
    """Per channel, how many heads of each key count it runs, the heads
    dealt round-robin in order."""
    loads = [dict() for _ in range(channels)]
    start = 0
    for group in heads:
        for offset in range(channels):
            count = group.count // channels + (offset < group.count % channels)
            if count:
                load = loads[(start + offset) % channels]
                load[group.keys] = load.get(group.keys, 0) + count
        start = (start + group.count) % channels
    return loads


@dataclass(frozen=True)
class Measurement:
    """One run of AttAcc's public simulator (docs/baselines.md, AttAcc)."""

    label: str
    nccdab: int     # its MACAB spacing, tCK
    seconds: float


#: Dense decoding attention of Llama-2-7B (32 heads x 128, MHA), batch 128,
#: a 4,096-token cache, one step of all heads and requests, on four HBM3
#: stacks at 5.2 Gb/s (``pilot-hbm3``'s banks and timing).
MEASURED_CASE = Heads(count=128 * 32, keys=4096)
MEASURED_HEAD_DIM = 128

#: That case measured with AttAcc's public simulator (scale-snu/
#: attacc_simulator and its patched Ramulator 2, timing presets
#: ``HBM3_5.2Gbps`` and ``HBM3_5.2Gbps_NPC``; docs/baselines.md).
MEASURED = (
    Measurement("its power constraint (MACAB every 6 tCK)", 6, 403e-6),
    Measurement("no power constraint (4 tCK)", 4, 296e-6),
)
