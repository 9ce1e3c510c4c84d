/* Strings Decap's bundled `vi` locale lacks (or leaves in English), in Vietnamese.
   editor.js merges them over the bundled locale; tests/test_editor_browser.py
   checks that the merged locale has every key of the English one. */
window.VINHDANH_VI = {
  auth: {
    loginWithAzure: 'Đăng nhập bằng Azure',
    loginWithForgejo: 'Đăng nhập bằng Forgejo',
  },
  collection: {
    collectionTop: {
      viewAs: 'Xem dạng',
      viewAsList: 'Xem dạng danh sách',
      viewAsGrid: 'Xem dạng lưới',
      groupBy: 'Nhóm theo',
      newButton: '+ Thêm %{collectionLabel}',
    },
    entries: {
      unpublishedHeader: 'Bài chưa đăng',
    },
    groups: {
      other: 'Khác',
      negateLabel: 'Không %{label}',
    },
  },
  editor: {
    editorControl: {
      field: {
        widgetLabel: 'Ô %{widgetLabel}',
      },
    },
    editorControlPane: {
      i18n: {
        writingInLocale: 'Đang viết bằng %{locale}',
        copyFromLocale: 'Điền từ ngôn ngữ khác',
        copyFromLocaleConfirm: 'Bạn có muốn điền nội dung từ ngôn ngữ %{locale}?\nMọi nội dung hiện có sẽ bị ghi đè.',
      },
    },
    editorInterface: {
      toggleI18n: 'Bật/tắt đa ngôn ngữ',
      togglePreview: 'Bật/tắt xem trước',
      toggleScrollSync: 'Cuộn đồng thời',
      toggleNotes: 'Bật/tắt ghi chú',
    },
    editorNotesPane: {
      title: 'Ghi chú',
      emptyState: 'Chưa có ghi chú. Thêm ghi chú đầu tiên ở dưới để cùng trao đổi.',
      addNote: 'Thêm ghi chú',
      addPlaceholder: 'Thêm một ghi chú...',
      editPlaceholder: 'Sửa ghi chú...',
      save: 'Lưu',
      cancel: 'Hủy',
      edit: 'Sửa',
      delete: 'Xóa',
      resolve: 'Đánh dấu đã xong',
      unresolve: 'Mở lại',
      confirmDelete: 'Bạn có chắc muốn xóa ghi chú này?',
      shortcut: 'Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh',
    },
    editorToolbar: {
      // Decap's vi says "Trạng: …" (cut short).
      status: 'Trạng thái: %{status}',
      statusInfoTooltipDraft: 'Bài đang là bản nháp. Khi viết xong, đổi trạng thái sang “Đang xét duyệt” để trình duyệt.',
      statusInfoTooltipInReview: 'Bài đang được duyệt, bạn không cần làm gì thêm. Bạn vẫn có thể sửa bài trong lúc chờ duyệt.',
    },
    editorWidgets: {
      markdown: {
        bold: 'Đậm',
        italic: 'Nghiêng',
        strikethrough: 'Gạch ngang',
        code: 'Mã',
        link: 'Liên kết',
        linkPrompt: 'Nhập địa chỉ của liên kết',
        headings: 'Tiêu đề mục',
        quote: 'Trích dẫn',
        bulletedList: 'Danh sách gạch đầu dòng',
        numberedList: 'Danh sách đánh số',
        addComponent: 'Chèn thành phần',
        richText: 'Soạn thảo trực quan',
        markdown: 'Mã Markdown',
        toggleMode: {
          rich: 'Chuyển sang soạn thảo trực quan',
          markdown: 'Chuyển sang mã Markdown',
        },
      },
      image: {
        chooseMultiple: 'Chọn ảnh',
        chooseUrl: 'Chèn từ địa chỉ web',
        replaceUrl: 'Thay bằng địa chỉ web',
        promptUrl: 'Nhập địa chỉ của ảnh',
        addMore: 'Thêm ảnh',
        removeAll: 'Xóa tất cả ảnh',
      },
      file: {
        chooseUrl: 'Chèn từ địa chỉ web',
        chooseMultiple: 'Chọn tệp',
        replaceUrl: 'Thay bằng địa chỉ web',
        promptUrl: 'Nhập địa chỉ của tệp',
        addMore: 'Thêm tệp',
        removeAll: 'Xóa tất cả tệp',
      },
      datetime: {
        setToNow: 'Đặt %{fieldLabel} là hôm nay',
      },
      list: {
        add: 'Thêm %{item}',
        addType: 'Thêm %{item}',
      },
      object: {
        expand: 'Mở rộng',
        collapse: 'Thu gọn',
      },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      copy: 'Sao chép',
      copyUrl: 'Sao chép địa chỉ',
      copyPath: 'Sao chép đường dẫn',
      copyName: 'Sao chép tên',
      copied: 'Đã sao chép',
    },
    mediaLibraryModal: {
      close: 'Đóng',
      chooseSelected: 'Dùng ảnh đã chọn',
      deleteSelected: 'Xóa ảnh đã chọn',
    },
  },
  ui: {
    settingsDropdown: {
      account: 'Tùy chọn tài khoản',
    },
    toast: {
      onFailToPersist: '%{details}',
      noteAdded: 'Đã thêm ghi chú',
      onFailToAddNote: 'Không thêm được ghi chú: %{details}',
      noteUpdated: 'Đã cập nhật ghi chú',
      onFailToUpdateNote: 'Không cập nhật được ghi chú: %{details}',
      noteDeleted: 'Đã xóa ghi chú',
      onFailToDeleteNote: 'Không xóa được ghi chú: %{details}',
      noteResolved: 'Đã đánh dấu ghi chú là xong',
      noteReopened: 'Đã mở lại ghi chú',
      onFailToToggleNote: 'Không đổi được trạng thái ghi chú: %{details}',
    },
  },
};

/* `vinhdanh edit` (no git host): "publishing" is writing the file into content/. */
window.VINHDANH_VI_LOCAL = {
  editor: {
    editorToolbar: {
      publish: 'Lưu',
      published: 'Đã lưu',
      publishing: 'Đang kiểm tra và lưu...',
      publishNow: 'Lưu',
      publishAndCreateNew: 'Lưu rồi viết bài mới',
      publishAndDuplicate: 'Lưu rồi nhân bản',
    },
  },
};
