"""cxkit: customer-experience metrics and ROI from the spreadsheets support, survey and billing
tools export.

>>> import cxkit
>>> loaded = cxkit.load("sample_data/tickets_zendesk.csv")
>>> loaded.kind
'tickets'
"""

from __future__ import annotations

from cxkit import experience, expr, forecast, roi, thin
from cxkit._common import get_engine, set_engine, using_engine
from cxkit.business_hours import (
    Schedule,
    business_first_response,
    business_minutes,
    business_minutes_expr,
    business_resolution,
    with_business_minutes,
)
from cxkit.calls import call_service, calls_by_hour
from cxkit.catalog import metric_catalog
from cxkit.churn import churn, churn_share, cohort_retention, retention_curve
from cxkit.detect import detect, normalise
from cxkit.drift import TypeDrift, type_drift, type_shares
from cxkit.errors import CxkitError, LoadError, MetricError
from cxkit.experience import ExperienceChurn, churn_by_experience
from cxkit.forecast import Forecast, backtest, forecast_contacts, staffing_plan
from cxkit.growth import growth_accounting
from cxkit.insights import nps_gaps
from cxkit.isolated import load_isolated, load_isolated_keeping_table
from cxkit.limits import DEFAULT_LIMITS, Limits
from cxkit.load import Loaded, RawTable, load, load_bytes, read
from cxkit.orders import order_summary
from cxkit.parallel import compute_all
from cxkit.sales import agent_sales, attributed_revenue, discount_codes
from cxkit.satisfaction import compare_nps, csat, nev, nps
from cxkit.schema import KINDS, SCHEMAS, ColumnSpec, Kind, canonical_columns, is_text, required_columns
from cxkit.service import channel_mix, fcr, first_response, handle_time, repeat_contacts, resolution, ticket_volume
from cxkit.significance import Change, compare_counts, compare_medians, compare_proportions
from cxkit.staffing import agents_needed, erlang_a, erlang_c, staffing, staffing_cost, staffing_levels
from cxkit.survival import lifetimes, median_lifetime, survival
from cxkit.text import period_terms, term_contrast, terms_by_nps, terms_by_satisfaction, terms_by_type
from cxkit.thin import THIN_BELOW, churn_reasons, exit_only_columns, is_thin

__all__ = [
    "DEFAULT_LIMITS",
    "KINDS",
    "SCHEMAS",
    "THIN_BELOW",
    "Change",
    "ColumnSpec",
    "CxkitError",
    "ExperienceChurn",
    "Forecast",
    "Kind",
    "Limits",
    "LoadError",
    "Loaded",
    "MetricError",
    "RawTable",
    "Schedule",
    "TypeDrift",
    "agent_sales",
    "agents_needed",
    "attributed_revenue",
    "backtest",
    "business_first_response",
    "business_minutes",
    "business_minutes_expr",
    "business_resolution",
    "call_service",
    "calls_by_hour",
    "canonical_columns",
    "channel_mix",
    "churn",
    "churn_by_experience",
    "churn_reasons",
    "churn_share",
    "cohort_retention",
    "compare_counts",
    "compare_medians",
    "compare_nps",
    "compare_proportions",
    "compute_all",
    "csat",
    "detect",
    "discount_codes",
    "erlang_a",
    "erlang_c",
    "exit_only_columns",
    "experience",
    "expr",
    "fcr",
    "first_response",
    "forecast",
    "forecast_contacts",
    "get_engine",
    "growth_accounting",
    "handle_time",
    "is_text",
    "is_thin",
    "lifetimes",
    "load",
    "load_bytes",
    "load_isolated",
    "load_isolated_keeping_table",
    "median_lifetime",
    "metric_catalog",
    "nev",
    "normalise",
    "nps",
    "nps_gaps",
    "order_summary",
    "period_terms",
    "read",
    "repeat_contacts",
    "required_columns",
    "resolution",
    "retention_curve",
    "roi",
    "set_engine",
    "staffing",
    "staffing_cost",
    "staffing_levels",
    "staffing_plan",
    "survival",
    "term_contrast",
    "terms_by_nps",
    "terms_by_satisfaction",
    "terms_by_type",
    "thin",
    "ticket_volume",
    "type_drift",
    "type_shares",
    "using_engine",
    "with_business_minutes",
]

__version__ = "0.1.0"
