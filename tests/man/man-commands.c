/* man-commands — prints the COMMANDS section of xchat(1) as the command
 * table generates it; `make update-man` puts it into man/xchat.1 and
 * tests/man/test-man-commands.sh checks that the page matches. */
#include "config.h"

#include <stdio.h>

#include "xchat/cmd.h"

int main(void)
{
    char *s = cmd_man_section();
    fputs(s, stdout);
    g_free(s);
    return 0;
}
