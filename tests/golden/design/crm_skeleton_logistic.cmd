design crm skeleton --target 0.25 --delta 0.1 --prior-mtd 3 --doses 6 --model logistic
