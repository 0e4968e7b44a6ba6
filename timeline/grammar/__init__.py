"""The temporal grammar, kept as data: vocabulary tables and rules with examples.

``vocabulary`` holds the words (month names, number words, units, parts of the year); ``rules``
holds the patterns, each naming how its match is normalised and carrying examples that the tests
run. The engine that applies them is :mod:`timeline.tagger`; the arithmetic that turns a match
into a TIMEX3 value is :mod:`timeline.resolver`.
"""
