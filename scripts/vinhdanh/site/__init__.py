"""The site folder: staging beside the live one, whole-or-absent files, the swap (`vinhdanh build`)."""
