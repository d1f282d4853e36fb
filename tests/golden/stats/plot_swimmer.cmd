stats plot swimmer --table $T/stats/report_lines.tsv --patient patient --start start --end end --therapy therapy --event-time event_time --event-kind event_kind --ongoing ongoing --x-label Months
