report --db sqlite:x.db --patient P1
