match --trials trials --case examples/cases --semantics nonsense
