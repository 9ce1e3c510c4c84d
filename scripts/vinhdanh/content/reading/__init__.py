"""Reading `content/` into the model, one module per kind of file; `vinhdanh.content.reader.load` runs them."""
