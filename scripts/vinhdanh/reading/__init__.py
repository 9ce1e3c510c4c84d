"""Reading `content/` into the model, one module per kind of file; `vinhdanh.reader.load` runs them."""
