"""The resident's side: the public pages where a survey is filled in, resumed and sent, and the preview."""
