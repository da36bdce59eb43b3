/* placeholder until the store layer lands; keeps the archive non-empty */
extern int pw_store_placeholder;
int pw_store_placeholder;
