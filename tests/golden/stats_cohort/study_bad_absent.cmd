stats km --study $T/stats/no_such_study --time a --event b
