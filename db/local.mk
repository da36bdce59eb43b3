# Schema migrations (applied in name order) and reference data.
pwschemadir = $(pkgdatadir)/schema
dist_pwschema_DATA = \
	db/schema/001_init.sql \
	db/schema/002_key_places_unique.sql \
	db/schema/003_sensor_tick_due.sql

pwregsdir = $(pkgdatadir)/regs
# Demo set of laws and standards (summaries written for this project); seed imports them.
dist_pwregs_DATA = \
	db/regs/work-safety-law.md \
	db/regs/hazchem-regulations.md \
	db/regs/hidden-hazards.md \
	db/regs/confined-space.md \
	db/regs/combustible-dust.md \
	db/regs/emergency-response.md \
	db/regs/major-hazard-criteria.md \
	db/regs/gb18218-2018.md \
	db/regs/gbt50493-2019.md

EMBEDDED_FILES += $(dist_pwschema_DATA) $(dist_pwregs_DATA)
