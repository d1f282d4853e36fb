trials list trials
