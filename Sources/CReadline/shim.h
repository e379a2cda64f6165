// GNU readline (GPL-3) for the REPL: line editing, history, completion.
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>
