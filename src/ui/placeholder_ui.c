/* placeholder until the ui layer lands; keeps the archive non-empty */
extern int pw_ui_placeholder;
int pw_ui_placeholder;
