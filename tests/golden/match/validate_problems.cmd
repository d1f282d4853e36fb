trials validate $T/match/problems.yaml
