// The Web module; see ARCHITECTURE.md for its place among the layers.
