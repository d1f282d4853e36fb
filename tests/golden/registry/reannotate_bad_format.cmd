db reannotate --format xml
