pwthemesdir = $(pkgdatadir)/themes
dist_pwthemes_DATA = \
	themes/default.theme \
	themes/night.theme \
	themes/mono.theme \
	themes/high-contrast.theme
EMBEDDED_FILES += $(dist_pwthemes_DATA)
EXTRA_DIST += themes/README
