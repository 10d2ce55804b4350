"""`mhcourse serve`: the course in a web browser, through textual-serve (the optional `serve` extra).

- hosts.py   which addresses are this computer alone, and which Host headers a loopback server accepts
- server.py  CourseServer: textual-serve's Server with a page of our own, imported only by `mhcourse serve`
- templates/index.html, static/  that page: no request leaves this server, xterm.js screen-reader mode on

Only server.py imports textual-serve, so this package can be imported without the extra.
"""
