/* placeholder until the net layer lands; keeps the archive non-empty */
extern int pw_net_placeholder;
int pw_net_placeholder;
