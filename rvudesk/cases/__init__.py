"""The Case Builder as a web API and a command: stored rows in, rvudesk.pfs.case out."""
