stats km --data $T/stats/surv_one_member.csv --time time --status status --curve
