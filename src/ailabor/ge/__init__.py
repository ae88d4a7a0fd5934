"""General-equilibrium models: Berg-Buffie-Zanna robots (:mod:`.bbz`)."""
