# Domain modules beyond error/runtime: ggen_module(<name> DEPS <ggen_ targets>)
ggen_module(rdf DEPS ggen_error)
ggen_module(template DEPS ggen_error)
