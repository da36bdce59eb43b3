dist_man_MANS += docs/parkwatch.1
dist_doc_DATA += docs/operator-guide.md
dist_doc_DATA += docs/architecture.md docs/mqtt.md docs/parkwatch.conf.example
# Kept in subdirectories so the broker's parkwatch.conf is not mistaken
# for parkwatch's own configuration example.
systemddocdir = $(docdir)/systemd
dist_systemddoc_DATA = docs/systemd/parkwatch-record.service
mosquittodocdir = $(docdir)/mosquitto
dist_mosquittodoc_DATA = docs/mosquitto/parkwatch.conf
dist_doc_DATA += docs/import.md
examplesdir = $(docdir)/examples
dist_examples_DATA = docs/examples/enterprises.csv docs/examples/key_places.csv \
	docs/examples/sensors.csv \
	docs/examples/chemicals.csv docs/examples/certificates.csv docs/examples/teams.csv \
	docs/examples/members.csv docs/examples/equipment.csv docs/examples/inspections.csv
dist_doc_DATA += docs/performance.md docs/risk-model.md docs/limits.md
