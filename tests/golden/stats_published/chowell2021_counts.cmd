stats fisher --data $SHARED/cohorts/chowell_2021/chowell_all.csv --a cohort --b Response
