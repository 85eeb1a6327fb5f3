"""The import of one export, as a pipeline of stages, one module each, each a function from values to a value:

=============  ==========================================================================================
read           bytes → ``RawTable`` (text cells, header-row decision, what was noted as codes); no language
profile        every column profiled once (``ColumnProfile``)
candidates     scores for each kind and each canonical column from header words, values and tools' signatures
decide         the kind and the mapping, each decision with its confidence, evidence and runner-up
assemble       the typed frame in the canonical model (with ``columns``, ``shape``, ``collapse``); never
               changes its inputs
check          problems and notes as ``Issue(code, params)``, never sentences
words          the one module that words issues, in the user's language, at the edge (``cxkit.load``)
=============  ==========================================================================================

``pipeline.run`` chains them on a table already read; ``cxkit.load`` reads (or takes a ``cxkit.read`` table), runs
them and words the outcome. Nothing here is imported by this ``__init__`` so that each stage can be imported alone.
"""
