profile --format xml x
