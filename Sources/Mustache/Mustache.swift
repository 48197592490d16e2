// The Mustache module; see ARCHITECTURE.md for its place among the layers.
