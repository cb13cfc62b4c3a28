module zerodrop.local/images/pause

go 1.24.0
