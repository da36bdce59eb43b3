# Schema migrations (applied in name order) and reference data.
pwschemadir = $(pkgdatadir)/schema
dist_pwschema_DATA = \
	db/schema/001_init.sql

pwregsdir = $(pkgdatadir)/regs
dist_pwregs_DATA =

EMBEDDED_FILES += $(dist_pwschema_DATA) $(dist_pwregs_DATA)
