"""Command-line options shared by `rvudesk price` and `rvudesk case`: where, when and which CF."""

from __future__ import annotations

from django.core.management.base import CommandParser


def add_pricing_options(parser: CommandParser) -> None:
    """--locality | --zip, --release, --date, --cf."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--locality", help="MAC-locality, e.g. 01112-54")
    where.add_argument("--zip", help="5-digit ZIP code")
    parser.add_argument("--release", help="release id, e.g. RVU25D (default: newest)")
    parser.add_argument("--date", help="date of service YYYY-MM-DD: the release in effect that day")
    parser.add_argument("--cf", choices=("nonqp", "qp"), default="nonqp", help="conversion factor (QP from 2026)")
