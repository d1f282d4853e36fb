trials validate trials
