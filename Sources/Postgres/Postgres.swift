// The Postgres module; see ARCHITECTURE.md for its place among the layers.
