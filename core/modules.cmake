# Domain modules beyond error/runtime: ggen_module(<name> DEPS <ggen_ targets>)
