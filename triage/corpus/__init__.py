"""The labelled incident corpus: record format, authoring markup, generator, splits."""
