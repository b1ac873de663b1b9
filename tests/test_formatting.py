"""Shared display formatting."""

from __future__ import annotations

import math

from dashboard.present.formatting import (
    PALETTE,
    cohort_colours,
    delta,
    is_good_change,
    metric_value,
    money,
    month_label,
    percent,
)


def test_month_labels():
    assert month_label("2026-03") == "Mar 2026" and month_label(None) == "—"


def test_values_and_deltas_carry_units_and_arrows():
    assert percent(42.46) == "42.5%" and percent(math.nan) == "—"
    assert metric_value("escalation_rate", 4.25) == "4.3%"
    assert metric_value("response_hours", 5.5) == "5.50 h"
    assert delta("favourable_pct", 5.14) == "▲ +5.1 pts"
    assert delta("escalation_rate", -0.45) == "▼ −0.5 pts"
    assert delta("pulse_mean", 0.0) == "■ ±0.00"
    assert is_good_change("escalation_rate", -1) is True and is_good_change("csat", -1) is False
    assert money(-1234.5) == "−€1,235" and money(44056, "USD") == "$44,056"


def test_each_cohort_keeps_one_colour_and_comparison_is_grey():
    colours = cohort_colours(["Wave 2", "Pilot", "Comparison"], {"Comparison": "comparison"})
    assert colours == {"Pilot": PALETTE[0], "Wave 2": PALETTE[1], "Comparison": "#999999"}
    assert cohort_colours(["Pilot", "Wave 2"]) == {"Pilot": PALETTE[0], "Wave 2": PALETTE[1]}
