"""The AttAcc model (pilot.attacc) against AttAcc's public simulator, closed
forms and hand-counted command timelines (docs/baselines.md, AttAcc)."""

import pytest

from pilot import attacc, space
from pilot.errors import ConfigError

pytestmark = pytest.mark.tools


@pytest.fixture(scope="module")
def hbm3():
    return dict(space.preset_fields("pilot-hbm3"))


def llama(hw, nccdab):
    return attacc.decode_seconds(hw, [attacc.MEASURED_CASE], attacc.MEASURED_HEAD_DIM,
                                 nccdab=nccdab)


@pytest.mark.parametrize("measured", attacc.MEASURED, ids=lambda m: f"nCCDAB={m.nccdab}")
def test_reproduces_attaccs_simulator_within_ten_percent(hbm3, measured):
    model = llama(hbm3, measured.nccdab).seconds
    assert abs(model / measured.seconds - 1) <= 0.10, (model, measured)


def test_column_time_is_every_banks_share_of_k_and_v_at_the_spacing(hbm3):
    # K and V of 4,096 (request, head) pairs, 4,096 keys of 128 FP16 each,
    # spread evenly over the 4,096 banks, read 32 B a column command.
    banks = (hbm3["org.stacks"] * hbm3["org.dies"] * hbm3["org.pchs"]
             * hbm3["org.bank_groups"] * hbm3["org.banks"])
    columns = 2 * 128 * 32 * 4096 * 128 * 2 // banks // hbm3["org.column_bytes"]
    for spacing in (4, 6):
        estimate = llama(hbm3, spacing)
        assert estimate.macabs == columns
        assert estimate.column_seconds == pytest.approx(
            columns * spacing * hbm3["timing.tCK_ps"] * 1e-12)


def test_a_row_is_opened_read_to_its_end_and_closed(hbm3):
    channel = attacc.Channel.of(hbm3, nccdab=6)
    # ACTAB, nRCDRD 19 to the first of 32 MACABs 6 apart, nRTPL 8, nRP 19.
    assert channel.row_cycles(32) == 19 + 31 * 6 + 8 + 19
    # A short row still holds nRAS before PREA, and nRC to the next ACTAB.
    assert channel.row_cycles(3) == 45 + 19
    slow_cycle = attacc.Channel.of(dict(hbm3, **{"timing.nRC": 100}), nccdab=6)
    assert slow_cycle.row_cycles(3) == 100
    estimate = llama(hbm3, 6)
    # 64 heads a channel, K and V 16 KB a bank each: 32 rows of 1 KB a head.
    rows = 64 * 32
    tck = hbm3["timing.tCK_ps"] * 1e-12
    assert estimate.activation_seconds == pytest.approx(rows * (19 + 8 + 19 - 6) * tck)


def test_refresh_takes_its_share_of_every_interval(hbm3):
    estimate = llama(hbm3, 6)
    busy = estimate.column_seconds + estimate.activation_seconds
    lost = hbm3["timing.nRTPL"] + hbm3["timing.nRP"] + hbm3["timing.nRFC"] \
        + hbm3["timing.nRCDRD"]
    assert estimate.refresh_seconds / estimate.seconds == pytest.approx(
        lost / hbm3["timing.nREFI"])
    assert estimate.seconds == pytest.approx(busy + estimate.refresh_seconds)


def test_the_spacing_comes_from_the_hardware_description_when_it_has_one(hbm3):
    with_field = dict(hbm3, **{attacc.NCCDAB_KEY: 6})
    assert attacc.decode_seconds(with_field, [attacc.MEASURED_CASE], 128) == llama(hbm3, 6)
    # Absent or 0: no all-bank constraint, a bank's own nCCDL.
    assert attacc.decode_seconds(hbm3, [attacc.MEASURED_CASE], 128) == llama(hbm3, 4)
    assert llama(hbm3, 0) == llama(hbm3, 4)


def test_the_busiest_channel_sets_the_time(hbm3):
    # 65 heads on 64 channels: one channel runs two, as long as 128 heads.
    one_more = attacc.decode_seconds(hbm3, [attacc.Heads(65, 4096)], 128, nccdab=6)
    two_each = attacc.decode_seconds(hbm3, [attacc.Heads(128, 4096)], 128, nccdab=6)
    assert one_more == two_each
    # Windowed heads dealt after dense ones fill the channels the dense skipped.
    mixed = attacc.decode_seconds(hbm3, [attacc.Heads(32, 4096), attacc.Heads(32, 512)],
                                  128, nccdab=6)
    assert mixed == attacc.decode_seconds(hbm3, [attacc.Heads(1, 4096)], 128, nccdab=6)
    # A shorter cache takes proportionally fewer whole rows.
    half = attacc.decode_seconds(hbm3, [attacc.Heads(128 * 32, 2048)], 128, nccdab=6)
    assert half.seconds == pytest.approx(llama(hbm3, 6).seconds / 2)


def test_bad_hardware_is_refused_by_name(hbm3):
    with pytest.raises(ConfigError, match="nCCDAB"):
        attacc.Channel.of(hbm3, nccdab=-1)
    with pytest.raises(ConfigError, match="org.pchs.*16 channels"):
        attacc.Channel.of(dict(hbm3, **{"org.pchs": 3}))
    with pytest.raises(ConfigError, match="nREFI.*no time between refreshes"):
        attacc.decode_seconds(dict(hbm3, **{"timing.nREFI": 500}), [attacc.MEASURED_CASE], 128)


def test_a_reproduction_point_becomes_its_dense_and_sparse_heads(hbm3):
    # Llama-2's decoding step at a 4,096-token cache: 16 dense heads attend
    # every key, 16 streaming heads 2,048 (4 sinks and 2,044 recent).
    from pilot import figures
    plan = figures.Plan(("llama2-7b-duo",), (), (), (), None, "gather", "pilot-hbm3")
    row = {"workload": "llama2-7b-duo", "dense_heads": 16, "sparse_heads": 16,
           "dense": 128 * 16 * 4096, "sparse": 128 * 16 * 2048}
    expected = attacc.decode_seconds(
        hbm3, [attacc.Heads(128 * 16, 4096), attacc.Heads(128 * 16, 2048)], 128)
    assert figures.attacc_seconds(plan, row) == pytest.approx(expected.seconds)
    # Half the pairs at half the keys: three quarters of the all-dense step.
    assert expected.seconds == pytest.approx(0.75 * llama(hbm3, 4).seconds, rel=0.01)
