stats padjust --values 0.01,0.02,NA,0.04 --method BY --json
