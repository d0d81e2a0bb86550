//! Event dates resolved from text ("on Tuesday", "last week", "in February"): being written.
