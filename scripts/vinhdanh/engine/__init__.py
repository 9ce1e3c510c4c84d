"""The site generator behind one adapter: page shells, the site spliced from the engine's output."""
