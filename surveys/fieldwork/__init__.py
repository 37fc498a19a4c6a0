"""Fieldwork (veldwerk): invitation letters with codes, respondent groups and quotas, channel and assistance."""
