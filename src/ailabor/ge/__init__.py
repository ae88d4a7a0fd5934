"""General-equilibrium models: Berg-Buffie-Zanna robots (:mod:`.bbz`), the Acemoglu-Restrepo
task model (:mod:`.ar`) and the scenarios that feed both from measured exposure
(:mod:`.scenarios`)."""
